package io.runstore.command;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The configuration @WebMvcTest slices of the command API start from (controllers, advice, filters only). */
@SpringBootApplication
class CommandSliceApplication {
}
