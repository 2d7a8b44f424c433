using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RehabApi.ClinicianConsole.Pages;

public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => Redirect(ConsoleSetup.PathBase);

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleSetup.Scheme);
        return Redirect($"{ConsoleSetup.PathBase}/sign-in");
    }
}
