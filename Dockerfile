# runstore server image: `docker build -t runstore/server:dev .` (docker-compose.yml builds it too).
# The same jar plays every role; choose with --spring.profiles.active=command|projector|query|migrate.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -pl server -am package -DskipTests

FROM eclipse-temurin:17-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 runstore \
    && useradd --system --uid 10001 --gid runstore --home-dir /app --no-create-home runstore
WORKDIR /app
COPY --from=build /src/server/target/runstore-server.jar /app/runstore-server.jar
# Not root; a numeric id so that Kubernetes' runAsNonRoot can verify it.
USER 10001:10001
EXPOSE 8080
# Configuration: environment variables, or application.yaml files mounted under /app/config/<name>/ (ConfigMap,
# Secret), which Spring Boot reads from ./config/*/ of the working directory.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/runstore-server.jar"]
