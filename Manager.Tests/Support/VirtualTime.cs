namespace Manager.Tests.Support;

/// <summary>
/// The HOCON that gives a TestKit's actor system the TestKit's virtual-time scheduler: timers fire only when a test
/// advances <c>(TestScheduler)Sys.Scheduler</c>, so silence and retries are tested without waiting real seconds.
/// </summary>
public static class VirtualTime
{
    public const string Hocon = """akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit" """;
}
