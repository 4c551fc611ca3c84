package dev.sessionbench.testkit;

/**
 * The rules of the contract that a store may declare it cannot keep, each with its reason; the suite then
 * skips exactly the tests of that rule and nothing else.
 */
public enum ContractRule {
    /** A successful find slides the idle deadline without a save. */
    FIND_SLIDES_IDLE_DEADLINE,
    /** After invalidate, every value issued for the session stops resolving, and no late save brings it back. */
    INVALIDATE_RETIRES_ISSUED_VALUES,
    /** After changeId, the old value stops resolving, and no late save of the old copy brings it back. */
    CHANGE_ID_RETIRES_OLD_VALUE,
    /** Two copies that change different attributes and save in any order both keep their change. */
    CONCURRENT_SAVES_MERGE,
    /** purgeExpired returns the number of expired sessions it removed. */
    PURGE_REPORTS_REMOVED,
    /**
     * changeId of a copy whose session another request already rotated or ended (or that expired) throws
     * StaleSessionException and leaves the winner's session untouched.
     */
    CHANGE_ID_REFUSES_A_STALE_COPY,
    /** sessionsOf lists the live sessions of a principal, and the cap ends the least recently used of them. */
    SESSIONS_OF_A_PRINCIPAL_ARE_LISTED,
    /** invalidateAll ends every session of the principal, and no late save of a stale copy brings one back. */
    INVALIDATE_ALL_ENDS_EVERY_SESSION,
    /** A purge that reclaims an expired session announces it to the listeners, once. */
    EXPIRY_IS_ANNOUNCED
}
