package io.runstore.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * runstore: one application, roles command, projector and query switched on by Spring profiles (all by default);
 * the role {@code migrate} migrates every schema (started from {@code RunstoreCommand}, it then exits).
 */
@SpringBootApplication(scanBasePackages = "io.runstore")
public class RunstoreApplication {

    public static void main(String[] args) {
        SpringApplication.run(RunstoreApplication.class, args);
    }
}
