# runstore server image: `docker build -t runstore/server:dev .` (docker-compose.yml builds it too).
# The same jar plays every role; choose with --spring.profiles.active=command|projector|query|migrate.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -pl server -am package -DskipTests \
    && java -Djarmode=tools -jar server/target/runstore-server.jar extract --destination /src/extracted

FROM eclipse-temurin:17-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 runstore \
    && useradd --system --uid 10001 --gid runstore --home-dir /app --no-create-home runstore
WORKDIR /app
# The extracted jar (plain jars under lib/) loads its classes faster than the nested one (docs/benchmarks/startup.md).
COPY --from=build /src/extracted/ /app/
RUN mkdir /app/cds && chown 10001:10001 /app/cds
# Not root; a numeric id so that Kubernetes' runAsNonRoot can verify it.
USER 10001:10001
# Training run for the class-data archive: starts the context on a throwaway embedded PostgreSQL and exits after its
# refresh without closing the context, so its PostgreSQL is stopped here. Same JVM and class path as the entrypoint.
RUN java -XX:MaxRAMPercentage=75 -XX:ArchiveClassesAtExit=/app/cds/app.jsa -Dspring.context.exit=onRefresh \
        -jar /app/runstore-server.jar --runstore.data-dir=/tmp/runstore-training > /tmp/training.log 2>&1; \
    status=$?; \
    kill -INT "$(head -n 1 /tmp/runstore-training/postgres/postmaster.pid)" 2>/dev/null; sleep 2; \
    if [ "$status" -ne 0 ] || [ ! -s /app/cds/app.jsa ]; then tail -n 50 /tmp/training.log; exit 1; fi; \
    rm -rf /tmp/runstore-training /tmp/training.log
EXPOSE 8080
# Configuration: environment variables, or application.yaml files mounted under /app/config/<name>/ (ConfigMap,
# Secret), which Spring Boot reads from ./config/*/ of the working directory.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:SharedArchiveFile=/app/cds/app.jsa", "-jar", "/app/runstore-server.jar"]
