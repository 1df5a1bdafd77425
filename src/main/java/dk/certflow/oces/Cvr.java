package dk.certflow.oces;

/** Danish CVR numbers (Central Business Register): eight digits with a modulus-11 check. */
public final class Cvr {

    private static final int[] WEIGHTS = {2, 7, 6, 5, 4, 3, 2, 1};

    private Cvr() {
    }

    /** True for eight digits whose weighted sum (weights 2,7,6,5,4,3,2,1) is divisible by 11. */
    public static boolean isValid(String cvr) {
        if (cvr == null || !cvr.matches("[0-9]{8}")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            sum += WEIGHTS[i] * (cvr.charAt(i) - '0');
        }
        return sum % 11 == 0;
    }
}
