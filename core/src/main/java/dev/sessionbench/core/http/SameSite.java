package dev.sessionbench.core.http;

/** The {@code SameSite} attribute of a cookie (RFC 6265bis section 4.1.2.7). */
public enum SameSite {
    /** Sent on same-site requests only. */
    STRICT("Strict"),
    /** Sent on same-site requests and on top-level cross-site navigations with a safe method; the default. */
    LAX("Lax"),
    /** Sent on every request; browsers accept it only with {@code Secure}. */
    NONE("None");

    private final String attribute;

    SameSite(String attribute) {
        this.attribute = attribute;
    }

    /** Returns the attribute value as written in a {@code Set-Cookie} header. */
    public String attributeValue() {
        return attribute;
    }
}
