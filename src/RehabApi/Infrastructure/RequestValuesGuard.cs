namespace RehabApi.Infrastructure;

/// <summary>Holds query-string and route values to <see cref="PlainText"/> before any endpoint binds them (JSON bodies
/// are held to it by <see cref="JsonBodyGuard"/>): a NUL in ?externalRef= reached PostgreSQL and answered 500.</summary>
internal static class RequestValuesGuard
{
    public static IApplicationBuilder UseRequestValuesGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var errors = new ValidationErrors();
            foreach (var (name, values) in context.Request.Query)
                foreach (var value in values)
                    errors.PlainText(name, value);
            // Routing has run (WebApplication puts it first), so these are the values endpoints will bind.
            foreach (var (name, value) in context.Request.RouteValues)
                if (value is string text) errors.PlainText(name, text);
            if (errors.Any)
            {
                await Problems.Validation(errors.ToDictionary()).ExecuteAsync(context);
                return;
            }
            await next(context);
        });
}
