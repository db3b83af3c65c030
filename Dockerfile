# The collector's image (the default, last stage) and, as the target "simulator", the 3CX simulator's for the demo.
#   docker build -t threecx-collector .
#   docker run --rm threecx-collector check            # any verb: run (default), check, tv-playlist, …
#   docker build --target simulator -t threecx-simulator .
# Configuration comes from environment variables (Pbxs__0__Name, Influx__Url, …; see README.md). Nothing secret is
# baked in. State (watermarks, outbox) lives in /var/lib/collector: mount a volume there.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so a code change does not download the packages again.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Collector/Collector.csproj src/Collector/
COPY src/Simulator/Simulator.csproj src/Simulator/
RUN dotnet restore src/Collector/Collector.csproj
COPY src/Collector/ src/Collector/
COPY src/Simulator/ src/Simulator/
RUN dotnet publish src/Collector/Collector.csproj -c Release --no-restore -o /out/collector \
 && dotnet publish src/Simulator/Simulator.csproj -c Release --no-restore -o /out/simulator

# The demo's PBX (docker-compose.yml, profile "demo"): no state, so no volume. It listens on loopback unless --urls
# says otherwise; docker-compose.yml passes --urls http://0.0.0.0:5080.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS simulator
WORKDIR /app
COPY --from=build /out/simulator/ /app/
USER app
EXPOSE 5080
ENTRYPOINT ["/app/threecx-simulator"]

# ASP.NET Core runtime: the collector hosts the simulator in-process for `collector demo` (Simulator.dll is in its
# own publish output).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /out/collector/ /app/
RUN mkdir -p /var/lib/collector && chown app:app /var/lib/collector
ENV PATH="/app:${PATH}" \
    DOTNET_ENVIRONMENT=Production \
    State__ConnectionString="Data Source=/var/lib/collector/collector-state.db"
# The non-root user the .NET images provide (uid 1654).
USER app
VOLUME ["/var/lib/collector"]
ENTRYPOINT ["collector"]
CMD ["run"]
