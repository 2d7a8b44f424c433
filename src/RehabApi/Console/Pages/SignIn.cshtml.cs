using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RehabApi.Data;
using RehabApi.Security;

namespace RehabApi.ClinicianConsole.Pages;

/// <summary>Exchanges the clinician's API key, checked as the API checks it, for a session cookie that holds only the
/// key's id, clinic and role.</summary>
public sealed class SignInModel(ApiKeyCache cache) : PageModel
{
    public string? Error { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? apiKey, CancellationToken ct)
    {
        var (known, failure) = await ApiKeyLookup.VerifyAsync(HttpContext.RequestServices, cache, apiKey?.Trim() ?? "", ct);
        if (known is null)
            return Refuse(failure!);
        if (!ConsoleSetup.ConsoleRoles.Contains(known.Key.Role))
            return Refuse($"A {known.Key.Role} key cannot sign in to the console: use a physician's, a therapist's or a clinic admin's own key.");

        await HttpContext.SignInAsync(ConsoleSetup.Scheme, ConsoleSession.PrincipalFor(known.Key));
        return LocalRedirect(ReturnUrl is { } url && url.StartsWith($"{ConsoleSetup.PathBase}/", StringComparison.Ordinal) && Url.IsLocalUrl(url)
            ? url : ConsoleSetup.PathBase);
    }

    private PageResult Refuse(string error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
