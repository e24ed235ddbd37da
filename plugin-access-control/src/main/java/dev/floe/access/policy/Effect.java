package dev.floe.access.policy;

public enum Effect
{
    ALLOW,
    DENY;
}
