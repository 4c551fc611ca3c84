package dev.sessionbench.spring.example;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** Plain servlet sessions: nothing here knows which store keeps them. */
@RestController
public class ExampleController {

    /** The demo's one account; a real application checks a password hash. */
    static final Map<String, String> ACCOUNTS = Map.of("alice", "wonderland");

    /** Counts this session's visits: an Integer attribute, stored through the codec. */
    @GetMapping(value = "/counter", produces = MediaType.TEXT_PLAIN_VALUE)
    public String counter(HttpSession session) {
        Integer count = (Integer) session.getAttribute("count");
        int next = count == null ? 1 : count + 1;
        session.setAttribute("count", next);
        return Integer.toString(next);
    }

    /** Returns who is signed in, or "anonymous", without creating a session. */
    @GetMapping(value = "/whoami", produces = MediaType.TEXT_PLAIN_VALUE)
    public String whoami(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object user = session == null ? null : session.getAttribute("user");
        return user == null ? "anonymous" : user.toString();
    }

    /** Sets one String attribute. */
    @PostMapping(value = "/attribute", produces = MediaType.TEXT_PLAIN_VALUE)
    public String setAttribute(
            HttpSession session, @RequestParam("name") String name, @RequestParam("value") String value) {
        session.setAttribute(name, value);
        return "ok";
    }

    /** Returns one attribute's value, or an empty body. */
    @GetMapping(value = "/attribute", produces = MediaType.TEXT_PLAIN_VALUE)
    public String attribute(HttpServletRequest request, @RequestParam("name") String name) {
        HttpSession session = request.getSession(false);
        Object value = session == null ? null : session.getAttribute(name);
        return value == null ? "" : value.toString();
    }

    /** Signs in: a new session ID (the old one stops working) and a new CSRF token. */
    @PostMapping("/login")
    public ResponseEntity<String> login(
            HttpServletRequest request,
            @RequestParam("username") String username,
            @RequestParam("password") String password) {
        if (!password.equals(ACCOUNTS.get(username))) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .contentType(MediaType.TEXT_HTML)
                    .body("<p>Wrong user name or password. <a href=\"/\">Back</a></p>");
        }
        request.changeSessionId();
        HttpSession session = request.getSession();
        session.setAttribute("user", username);
        CsrfFilter.rotate(session);
        return seeOther("/");
    }

    /** Adds a note to the signed-in user's notes: a registered record, stored as JSON. */
    @PostMapping("/notes")
    public ResponseEntity<String> addNote(HttpSession session, @RequestParam("note") String note) {
        if (session.getAttribute("user") == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body("sign in first");
        }
        Notes notes = (Notes) session.getAttribute("notes");
        session.setAttribute("notes", (notes == null ? Notes.none() : notes).with(note));
        return seeOther("/");
    }

    /** Signs out: the session ends and its cookie is deleted. */
    @PostMapping("/logout")
    public ResponseEntity<String> logout(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return seeOther("/");
    }

    /** The home page: the sign-in form, or the user's notes with a form to add one and a sign-out button. */
    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    public String home(HttpSession session) {
        String csrf = "<input type=\"hidden\" name=\"" + CsrfFilter.FORM_FIELD + "\" value=\""
                + CsrfFilter.tokenOf(session) + "\">";
        Object user = session.getAttribute("user");
        StringBuilder page = new StringBuilder("<!doctype html><html><head><title>sessionbench example</title></head>"
                + "<body><h1>sessionbench example</h1>");
        if (user == null) {
            page.append("<p id=\"status\">Not signed in.</p><form id=\"login\" method=\"post\" action=\"/login\">")
                    .append(csrf)
                    .append("<label>User <input name=\"username\"></label> <label>Password <input name=\"password\" "
                            + "type=\"password\"></label> <button id=\"sign-in\">Sign in</button></form>");
        } else {
            Notes notes = (Notes) session.getAttribute("notes");
            page.append("<p id=\"status\">Signed in as ")
                    .append(HtmlUtils.htmlEscape(user.toString()))
                    .append(".</p>")
                    .append("<ul id=\"notes\">");
            for (String note : (notes == null ? Notes.none() : notes).items()) {
                page.append("<li>").append(HtmlUtils.htmlEscape(note)).append("</li>");
            }
            page.append("</ul><form id=\"add-note\" method=\"post\" action=\"/notes\">")
                    .append(csrf)
                    .append("<input name=\"note\"> <button id=\"add\">Add note</button></form>")
                    .append("<form id=\"logout\" method=\"post\" action=\"/logout\">")
                    .append(csrf)
                    .append("<button id=\"sign-out\">Sign out</button></form>");
        }
        return page.append("</body></html>").toString();
    }

    private static ResponseEntity<String> seeOther(String location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .header(HttpHeaders.LOCATION, location)
                .build();
    }
}
