# Container images for the sink service and the producers, built from the Maven build:
#   docker build --target sink -t ecomstream-sink .
#   docker build --target producers -t ecomstream-producers .
# docker-compose.yml builds both.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -q package -DskipTests -pl producers,sink -am

FROM eclipse-temurin:17-jre-alpine AS runtime
# A fixed, unprivileged user: the services need no root, and volumes can be chowned to this id.
RUN addgroup -S -g 10001 ecomstream && adduser -S -u 10001 -G ecomstream -H ecomstream \
    && mkdir /rejects && chown ecomstream:ecomstream /rejects
WORKDIR /app
USER 10001:10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"

FROM runtime AS producers
COPY --from=build /src/producers/target/ecomstream-producers.jar /app/ecomstream-producers.jar
ENTRYPOINT ["java", "-jar", "/app/ecomstream-producers.jar"]
CMD ["--help"]

FROM runtime AS sink
COPY --from=build /src/sink/target/ecomstream-sink.jar /app/ecomstream-sink.jar
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s CMD wget -qO- http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/ecomstream-sink.jar"]
