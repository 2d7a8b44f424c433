namespace RehabApi.Events;

internal static class EventsSetup
{
    /// <summary>The change feed's cursor keys (events themselves are written by <see cref="ChangeEventWriter"/>).</summary>
    public static void AddRehabEvents(this WebApplicationBuilder builder) => builder.Services.AddSingleton<EventCursorKeys>();
}
