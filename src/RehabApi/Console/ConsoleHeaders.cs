using Microsoft.AspNetCore.Mvc.Filters;

namespace RehabApi.ClinicianConsole;

/// <summary>Headers of every console page: patient data is not kept in a shared tablet's cache, the pages load nothing
/// but the service's own stylesheet (no script at all), and no other site may frame them (clickjacking a sign-off).</summary>
internal sealed class ConsoleHeaders : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.CacheControl = "no-store";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        return next();
    }
}
