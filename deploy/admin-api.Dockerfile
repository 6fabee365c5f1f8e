# The operators' admin API (accounts, keys, tiers): internal only; publish its port on loopback or a private network only.
# Build from the repository root:
#   docker build -f deploy/admin-api.Dockerfile -t tollgate-admin-api .

# --- build: restore and publish with the SDK ---
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Project files alone first, so the restore layer is reused until a dependency changes, not on every edit.
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY core/Tollgate.Core.csproj core/
COPY service-defaults/Tollgate.ServiceDefaults.csproj service-defaults/
COPY self-service/Tollgate.SelfService.csproj self-service/
COPY webhooks/Tollgate.Webhooks.csproj webhooks/
COPY admin-api/Tollgate.AdminApi.csproj admin-api/
RUN dotnet restore admin-api/Tollgate.AdminApi.csproj

# The root appsettings.json (tier catalogue, Redis) is published beside the binaries as appsettings.shared.json.
COPY appsettings.json ./
COPY core/ core/
COPY service-defaults/ service-defaults/
COPY self-service/ self-service/
COPY webhooks/ webhooks/
COPY admin-api/ admin-api/
RUN dotnet publish admin-api/Tollgate.AdminApi.csproj --no-restore -c Release -o /app /p:UseAppHost=false

# --- runtime: ASP.NET Core only, no SDK, not root ---
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY deploy/http-probe.sh /usr/local/bin/http-probe
COPY --from=build /app ./

# appsettings.json binds to loopback for local runs; a container must listen on every interface.
# ASPNETCORE_URLS wins over that file (SharedSettings re-adds ASPNETCORE_ variables on top). The image's
# own ASPNETCORE_HTTP_PORTS=8080 is cleared because URLS overrides it anyway and Kestrel would warn.
ENV ASPNETCORE_URLS=http://0.0.0.0:8001 \
    ASPNETCORE_HTTP_PORTS=
EXPOSE 8001
# /metrics is served on the management listener, which stays on the container's loopback (appsettings.json's
# Management:Urls) unless the operator opens it: Management__Urls=http://0.0.0.0:8101 and publish 8101 privately,
# as docker-compose.yml does. It is not exposed here, so `docker run -P` never publishes it.

# The aspnet images define the unprivileged "app" user (UID 1654) as $APP_UID.
USER $APP_UID

HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=3 \
    CMD ["bash", "/usr/local/bin/http-probe", "8001", "/health/live"]

ENTRYPOINT ["dotnet", "Tollgate.AdminApi.dll"]
