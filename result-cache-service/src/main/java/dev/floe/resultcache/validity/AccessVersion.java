package dev.floe.resultcache.validity;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Everything besides the request that decides what a user may see, as one string of every key: the access
 * policy's active version and the identity files' content.
 */
public final class AccessVersion
{
    /**
     * {@code version} goes into the key; {@code stamp} tells this period of the version from another period of the
     * same version, so a result is stored only if no change happened while it was computed; {@code storable}: a
     * result computed now may be stored under this version.
     */
    public record Current(String version, String stamp, boolean storable)
    {
        public Current
        {
            requireNonNull(version, "version is null");
            requireNonNull(stamp, "stamp is null");
        }
    }

    private final PolicyVersion policy;
    private final IdentityFiles identity;

    public AccessVersion(PolicyVersion policy, IdentityFiles identity)
    {
        this.policy = requireNonNull(policy, "policy is null");
        this.identity = requireNonNull(identity, "identity is null");
    }

    /** Empty when a file that decides access cannot be read: then nothing is looked up or stored. */
    public Optional<Current> current()
    {
        Optional<PolicyVersion.Observed> policyVersion = policy.current();
        Optional<IdentityFiles.State> identityState = identity.current();
        if (policyVersion.isEmpty() || identityState.isEmpty()) {
            return Optional.empty();
        }
        String identityVersion = identityState.get().version();
        return Optional.of(new Current(
                policyVersion.get().version() + "/" + identityVersion,
                policyVersion.get().stamp() + "/" + identityState.get().stamp(),
                identityState.get().settled()));
    }
}
