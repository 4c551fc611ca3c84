package dev.sessionbench.core.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the values of one cookie in request {@code Cookie} headers, leniently as RFC 6265bis section 5.7 reads
 * them: pairs split at {@code ;}, whitespace trimmed, the name compared case-sensitively. Malformed pairs are
 * skipped; a quoted value is returned with its quotes, never unescaped. Work is bounded by a character budget
 * over all headers: every pair within it is read, so decoys sent first cannot push the real value out.
 */
final class CookieHeaderParser {

    private CookieHeaderParser() {}

    /**
     * Returns the distinct values of cookie {@code name}, in the order sent, reading at most {@code maxChars}
     * characters of all headers together (a pair cut by the budget is dropped). Never throws.
     */
    static List<String> values(List<String> headers, String name, int maxChars, int maxCookieBytes) {
        if (headers == null) {
            return new ArrayList<>(0);
        }
        Set<String> out = new LinkedHashSet<>(4);
        int budget = maxChars;
        for (int h = 0; h < headers.size() && budget > 0; h++) {
            String header = headers.get(h);
            if (header == null) {
                continue;
            }
            boolean truncated = header.length() > budget;
            int end = truncated ? budget : header.length();
            budget -= end;
            parse(header, end, truncated, name, maxCookieBytes, out);
        }
        return new ArrayList<>(out);
    }

    private static void parse(
            String header, int end, boolean truncated, String name, int maxCookieBytes, Set<String> out) {
        int start = 0;
        while (start < end) {
            int semi = header.indexOf(';', start);
            if (semi < 0 || semi >= end) {
                if (truncated) {
                    return; // the budget cut this pair: its value would be a fragment
                }
                semi = end;
            }
            pair(header, start, semi, name, maxCookieBytes, out);
            start = semi + 1;
        }
    }

    private static void pair(String header, int from, int to, String name, int maxCookieBytes, Set<String> out) {
        // Search only this pair: indexOf would run to the end of the header for every pair without '=',
        // quadratic work on a header such as "a;a;a;...".
        int eq = from;
        while (eq < to && header.charAt(eq) != '=') {
            eq++;
        }
        if (eq == to) {
            return; // no '=': not a name-value pair of ours
        }
        int nameFrom = skipOws(header, from, eq);
        int nameTo = trimOws(header, nameFrom, eq);
        if (nameTo - nameFrom != name.length() || !header.regionMatches(nameFrom, name, 0, name.length())) {
            return;
        }
        int valueFrom = skipOws(header, eq + 1, to);
        int valueTo = trimOws(header, valueFrom, to);
        if (name.length() + (valueTo - valueFrom) > maxCookieBytes) {
            return; // longer than any cookie a browser keeps
        }
        boolean quoted =
                valueTo - valueFrom >= 2 && header.charAt(valueFrom) == '"' && header.charAt(valueTo - 1) == '"';
        boolean valid = quoted
                ? CookieSyntax.isCookieOctets(header, valueFrom + 1, valueTo - 1)
                : CookieSyntax.isCookieOctets(header, valueFrom, valueTo);
        if (!valid) {
            return;
        }
        // A quoted value keeps its quotes, so it never matches an ID: unquoting is how a server ends up
        // accepting a value the browser would not have produced.
        String value = header.substring(valueFrom, valueTo);
        out.add(value);
    }

    private static int skipOws(String s, int from, int to) {
        while (from < to && CookieSyntax.isOws(s.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int trimOws(String s, int from, int to) {
        while (to > from && CookieSyntax.isOws(s.charAt(to - 1))) {
            to--;
        }
        return to;
    }
}
