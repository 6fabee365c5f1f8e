# The consumer-facing gateway, with the consumer side (subscription API, developer dashboard). Build from the repository root:
#   docker build -f deploy/gateway.Dockerfile -t tollgate-gateway .

# --- build: restore and publish with the SDK ---
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# npm restores the dashboard's Chart.js from the npm registry (node_modules never enters the build context).
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src

# Project files alone first, so the restore layer is reused until a dependency changes, not on every edit.
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY core/Tollgate.Core.csproj core/
COPY service-defaults/Tollgate.ServiceDefaults.csproj service-defaults/
COPY self-service/Tollgate.SelfService.csproj self-service/
COPY webhooks/Tollgate.Webhooks.csproj webhooks/
COPY consumer/Tollgate.Consumer.csproj consumer/
COPY gateway/Tollgate.Gateway.csproj gateway/
# For linux-x64, so the publish below can compile ReadyToRun code (gateway/Tollgate.Gateway.csproj: cold start).
RUN dotnet restore gateway/Tollgate.Gateway.csproj -r linux-x64

# The dashboard's npm packages, pinned by the lock file: a layer of their own, reused until the lock changes.
# The build then finds node_modules in place and embeds Chart.js without running npm again.
COPY consumer/Dashboard/package.json consumer/Dashboard/package-lock.json consumer/Dashboard/
RUN npm ci --prefix consumer/Dashboard --no-audit --no-fund --loglevel=error

# The root appsettings.json (tier catalogue, Redis) is published beside the binaries as appsettings.shared.json.
COPY appsettings.json ./
COPY core/ core/
COPY service-defaults/ service-defaults/
COPY self-service/ self-service/
COPY webhooks/ webhooks/
COPY consumer/ consumer/
COPY gateway/ gateway/
# ReadyToRun code for linux-x64 (the project turns it on for any runtime identifier), on the image's shared runtime.
RUN dotnet publish gateway/Tollgate.Gateway.csproj --no-restore -c Release -r linux-x64 --self-contained false -o /app /p:UseAppHost=false

# --- runtime: ASP.NET Core only, no SDK, not root ---
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY deploy/http-probe.sh /usr/local/bin/http-probe
COPY --from=build /app ./

# appsettings.json binds to loopback for local runs; a container must listen on every interface.
# ASPNETCORE_URLS wins over that file (SharedSettings re-adds ASPNETCORE_ variables on top). The image's
# own ASPNETCORE_HTTP_PORTS=8080 is cleared because URLS overrides it anyway and Kestrel would warn.
ENV ASPNETCORE_URLS=http://0.0.0.0:8000 \
    ASPNETCORE_HTTP_PORTS=
EXPOSE 8000
# /metrics is served on the management listener, which stays on the container's loopback (appsettings.json's
# Management:Urls) unless the operator opens it: Management__Urls=http://0.0.0.0:8100 and publish 8100 privately,
# as docker-compose.yml does. It is not exposed here, so `docker run -P` never publishes it.

# The aspnet images define the unprivileged "app" user (UID 1654) as $APP_UID.
USER $APP_UID

HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=3 \
    CMD ["bash", "/usr/local/bin/http-probe", "8000", "/health/live"]

ENTRYPOINT ["dotnet", "Tollgate.Gateway.dll"]
