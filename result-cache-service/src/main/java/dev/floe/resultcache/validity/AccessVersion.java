package dev.floe.resultcache.validity;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Everything besides the request that decides what a user may see, as one string of every key: the access
 * policy's active version and the identity files' content.
 */
public final class AccessVersion
{
    /** {@code storable}: a result computed now may be stored under this version. */
    public record Current(String version, boolean storable)
    {
        public Current
        {
            requireNonNull(version, "version is null");
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
        Optional<String> policyVersion = policy.current();
        Optional<IdentityFiles.State> identityState = identity.current();
        if (policyVersion.isEmpty() || identityState.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Current(policyVersion.get() + "/" + identityState.get().version(), identityState.get().settled()));
    }
}
