package dev.sessionbench.bench.http;

import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web application whose requests the {@code request-cost} command measures: Spring Boot on embedded Tomcat,
 * with no session code beyond {@link HttpSession}. Where its sessions live is configuration only:
 * {@code sessionbench.session.store-uri} (this project's stores, through the Spring Session integration), Boot's
 * own Spring Session Redis configuration ({@code spring.data.redis.url}), or no session at all.
 *
 * <ul>
 *   <li>{@code GET /counter} reads the session (creating it on the first request), increments the
 *       {@code Integer} attribute {@code count} and answers the new count as text: one attribute changed per
 *       request, saved by Spring Session at the end of the request.</li>
 *   <li>{@code GET /plain} answers {@code ok} without touching the session: the same request with no session.</li>
 * </ul>
 *
 * <p>When {@value #PORT_FILE_PROPERTY} names a file, the application writes the port it listens on into it once the
 * server has started (for {@code server.port=0}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(CounterApp.Endpoints.class)
public class CounterApp {

    /** The property naming the file the listening port is written to. */
    public static final String PORT_FILE_PROPERTY = "sessionbench.app.port-file";
    /** The session attribute the counter endpoint increments. */
    public static final String COUNT = "count";
    /** The answer of the endpoint without a session. */
    public static final String PLAIN_ANSWER = "ok";

    /** Starts the application; properties come from the arguments and the environment, as in any Boot application. */
    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(CounterApp.class);
        app.setBannerMode(Banner.Mode.OFF);
        app.run(args);
    }

    /** Writes the port into {@value #PORT_FILE_PROPERTY}, through a temporary file so a reader never sees half. */
    @Bean
    ApplicationListener<WebServerInitializedEvent> portFile(Environment environment) {
        return event -> {
            String file = environment.getProperty(PORT_FILE_PROPERTY);
            if (file == null || file.isBlank()) {
                return;
            }
            Path target = Path.of(file);
            try {
                Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "port", ".tmp");
                Files.writeString(tmp, Integer.toString(event.getWebServer().getPort()), StandardCharsets.US_ASCII);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the port to " + target, e);
            }
        };
    }

    /** The two endpoints. */
    @RestController
    public static class Endpoints {

        /** Reads the session, increments its counter and answers the new value. */
        @GetMapping("/counter")
        public String counter(HttpSession session) {
            Integer count = (Integer) session.getAttribute(COUNT);
            int next = count == null ? 1 : count + 1;
            session.setAttribute(COUNT, next);
            return Integer.toString(next);
        }

        /** Answers without a session. */
        @GetMapping("/plain")
        public String plain() {
            return PLAIN_ANSWER;
        }
    }
}
