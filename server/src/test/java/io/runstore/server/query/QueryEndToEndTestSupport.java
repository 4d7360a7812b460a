package io.runstore.server.query;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/** The HTTP client the end-to-end query tests share. */
abstract class QueryEndToEndTestSupport {

    @Autowired
    TestRestTemplate http;
}
