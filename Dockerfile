# RehabApi on the official .NET 10 images (Ubuntu 24.04 based).
#   docker build -t rehabapi .
#   docker run --rm -e ConnectionStrings__Rehab="Host=...;Username=...;Password=...;Database=rehab" rehabapi migrate
#   docker run --rm -p 8080:8080 -e ConnectionStrings__Rehab=... rehabapi
# docker-compose.yml wires it to PostgreSQL.

# ---- build ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source

# Restore from the project files alone, so this layer is reused until a package reference changes.
COPY Directory.Build.props RehabApi.sln ./
COPY src/RehabApi.Domain/RehabApi.Domain.csproj src/RehabApi.Domain/
COPY src/RehabApi/RehabApi.csproj src/RehabApi/
RUN dotnet restore src/RehabApi/RehabApi.csproj

# The sources; migrations/ compiles into the service (see RehabApi.csproj).
COPY src/ src/
COPY migrations/ migrations/
RUN dotnet publish src/RehabApi/RehabApi.csproj -c Release --no-restore -o /app

# ---- runtime ----
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./

# The non-root user `app` that the image provides.
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080

# `migrate` as the argument applies the migrations and exits: docker run ... rehabapi migrate
ENTRYPOINT ["dotnet", "RehabApi.dll"]
