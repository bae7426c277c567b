using Manager.Tests.Auth;
using Manager.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Manager.Tests.Http;

/// <summary>An <see cref="AuthScene"/> whose manager reads the time from <see cref="Clock"/>, which only the tests move.</summary>
public sealed class LastFrameScene : AuthScene
{
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override Action<IServiceCollection> Services => services => services.AddSingleton<TimeProvider>(Clock);
}
