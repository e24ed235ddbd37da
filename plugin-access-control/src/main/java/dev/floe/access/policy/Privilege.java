package dev.floe.access.policy;

/**
 * What a rule allows or denies. {@link #OWNERSHIP} implies every other privilege on the object it is granted
 * on; {@link #SHOW} is metadata visibility only.
 */
public enum Privilege
{
    SELECT,
    INSERT,
    UPDATE,
    DELETE,
    CREATE,
    DROP,
    ALTER,
    SHOW,
    EXECUTE,
    OWNERSHIP;
}
