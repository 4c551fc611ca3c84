package dev.sessionbench.spring.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The example application: a Boot web application with no session code of its own. Its sessions live in the store
 * that {@code sessionbench.session.store-uri} names, because sessionbench-spring-session and a store module are on
 * its classpath. Run it with {@code --sessionbench.session.store-uri=memory:}.
 */
@SpringBootApplication
public class ExampleApp {

    public static void main(String[] args) {
        SpringApplication.run(ExampleApp.class, args);
    }
}
