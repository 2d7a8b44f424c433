using Microsoft.Extensions.Options;

namespace RehabApi.Infrastructure;

internal static class Settings
{
    /// <summary>Binds the configuration section <paramref name="section"/> to <typeparamref name="T"/> and checks its
    /// data annotations when the host starts: a bad setting stops the start with a message naming it, instead of
    /// misbehaving later. Every settings section is bound this one way.</summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
