using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Manager.Http.Configuration;

/// <summary>
/// The slowest a request body may arrive: <c>Manager:MinRequestBodyBytesPerSecond</c> (default 240, Kestrel's) after a
/// grace period of <c>Manager:MinRequestBodyGraceSeconds</c> (default 5; more than 1, Kestrel's heartbeat). A body
/// slower than that is answered 408 (<see cref="Json.JsonBody"/>), and its connection is freed.
/// </summary>
public static class RequestBodyRate
{
    public static void Configure(WebApplicationBuilder builder)
    {
        var bytesPerSecond = builder.Configuration.GetValue("Manager:MinRequestBodyBytesPerSecond", 240.0);
        var grace = TimeSpan.FromSeconds(builder.Configuration.GetValue("Manager:MinRequestBodyGraceSeconds", 5.0));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond, grace));
    }
}
