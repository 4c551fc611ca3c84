package dev.sessionbench.core.http;

/** Character classes of RFC 9110 (token) and RFC 6265bis (cookie-octet), shared by the codec and the parser. */
final class CookieSyntax {

    private static final boolean[] TCHAR = new boolean[128];
    private static final boolean[] COOKIE_OCTET = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            TCHAR[c] = true;
            TCHAR[c + ('a' - 'A')] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        // cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E: visible ASCII but DQUOTE , ; and backslash
        for (char c = 0x21; c <= 0x7E; c++) {
            COOKIE_OCTET[c] = c != '"' && c != ',' && c != ';' && c != '\\';
        }
    }

    private CookieSyntax() {}

    /** Returns true when {@code s} is a non-empty RFC 9110 token, as a cookie name must be. */
    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128 || !TCHAR[c]) {
                return false;
            }
        }
        return true;
    }

    /** Returns true when {@code s[from, to)} is non-empty and holds cookie-octets only. */
    static boolean isCookieOctets(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 128 || !COOKIE_OCTET[c]) {
                return false;
            }
        }
        return true;
    }

    /** Returns true when {@code s} holds no control character, no ';' and nothing beyond ASCII (an av-octet string). */
    static boolean isAttributeValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == ';') {
                return false;
            }
        }
        return true;
    }

    /** Returns true when {@code c} is optional whitespace (SP or HTAB). */
    static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }
}
