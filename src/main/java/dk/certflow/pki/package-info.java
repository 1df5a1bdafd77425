/**
 * A throw-away, OCES3-like PKI built at run time: demo and test material only.
 *
 * <p>It issues certificates with the real OCES3 (and OCES2) names, profiles and signature algorithms, but from
 * keys generated on the spot, so nothing it issues chains to the real Danish roots. Tests use it to produce
 * every kind of wrong certificate; the {@code certflow demo} command uses it to produce sample bundles.
 * Never use it to protect anything.
 */
package dk.certflow.pki;
