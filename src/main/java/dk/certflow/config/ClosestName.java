package dk.certflow.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** The known name a typed one was most likely meant to be, for "did you mean …?" in a refusal. */
public final class ClosestName {

    private ClosestName() {
    }

    /** The closest of {@code known} within a few typing mistakes of {@code typed} (case ignored), if any. */
    public static Optional<String> among(String typed, Collection<String> known) {
        String wanted = typed.toLowerCase(Locale.ROOT);
        // a third of the name, at least 2: a swapped pair of letters costs 2
        int limit = Math.max(2, wanted.length() / 3);
        LevenshteinDistance distance = new LevenshteinDistance(limit);
        return known.stream()
                .map(name -> new Candidate(name, distance.apply(wanted, name.toLowerCase(Locale.ROOT))))
                .filter(c -> c.distance >= 0)
                .min(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::name))
                .map(Candidate::name);
    }

    private record Candidate(String name, int distance) {
    }
}
