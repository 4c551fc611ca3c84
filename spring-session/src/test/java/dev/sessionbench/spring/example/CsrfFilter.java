package dev.sessionbench.spring.example;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Synchronizer-token CSRF defence: every POST must carry the session's token in the {@code _csrf} form field or the
 * {@code X-CSRF-Token} header, else it is refused with 403. The token is a session attribute (a String).
 */
@Component
public class CsrfFilter extends OncePerRequestFilter {

    public static final String ATTRIBUTE = "_csrf";
    public static final String FORM_FIELD = "_csrf";
    public static final String HEADER = "X-CSRF-Token";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Returns the session's token, issuing one first if it has none. */
    public static String tokenOf(HttpSession session) {
        String token = (String) session.getAttribute(ATTRIBUTE);
        return token != null ? token : rotate(session);
    }

    /** Issues a new token; called at sign-in, with the new session ID. */
    public static String rotate(HttpSession session) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        session.setAttribute(ATTRIBUTE, token);
        return token;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod()) && !tokenMatches(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "missing or wrong CSRF token");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean tokenMatches(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String expected = session == null ? null : (String) session.getAttribute(ATTRIBUTE);
        String presented = request.getHeader(HEADER);
        if (presented == null) {
            presented = request.getParameter(FORM_FIELD);
        }
        return expected != null
                && presented != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
