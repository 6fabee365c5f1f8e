# The sample weather upstream (deterministic synthetic data) behind the gateway.
# Build from the repository root:
#   docker build -f deploy/weather-upstream.Dockerfile -t tollgate-weather-upstream .

# --- build: restore and publish with the SDK ---
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Project files alone first, so the restore layer is reused until a dependency changes, not on every edit.
# The sample needs neither core/ nor the shared appsettings.json: it is not a Tollgate service.
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY samples/weather-upstream/Tollgate.SampleWeather.csproj samples/weather-upstream/
RUN dotnet restore samples/weather-upstream/Tollgate.SampleWeather.csproj

COPY samples/weather-upstream/ samples/weather-upstream/
RUN dotnet publish samples/weather-upstream/Tollgate.SampleWeather.csproj --no-restore -c Release -o /app /p:UseAppHost=false

# --- runtime: ASP.NET Core only, no SDK, not root ---
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY deploy/http-probe.sh /usr/local/bin/http-probe
COPY --from=build /app ./

# appsettings.json binds to loopback for local runs; a container must listen on every interface.
# ASPNETCORE_URLS wins over that file (Program.cs re-adds ASPNETCORE_ variables on top). The image's
# own ASPNETCORE_HTTP_PORTS=8080 is cleared because URLS overrides it anyway and Kestrel would warn.
ENV ASPNETCORE_URLS=http://0.0.0.0:8002 \
    ASPNETCORE_HTTP_PORTS=
EXPOSE 8002

# The aspnet images define the unprivileged "app" user (UID 1654) as $APP_UID.
USER $APP_UID

# The sample's liveness endpoint is GET /health (it has no readiness to report).
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=3 \
    CMD ["bash", "/usr/local/bin/http-probe", "8002", "/health"]

ENTRYPOINT ["dotnet", "Tollgate.SampleWeather.dll"]
