using Akka.Actor;
using Akka.TestKit;
using Manager.Actors.Common;
using Manager.Actors.Tasks;

namespace Manager.Tests.Support;

/// <summary>
/// A probe standing in for the dispatcher that acknowledges every <see cref="WorkerCapabilities"/> it is told, as the
/// dispatcher does (it still receives them): a proxy answers a re-registration only once its capabilities are noted.
/// </summary>
public static class CapabilitiesAcknowledgingProbe
{
    public static TestProbe AcknowledgingCapabilities(this TestProbe probe)
    {
        probe.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is WorkerCapabilities told) sender.Tell(Outcome.Done(new CapabilitiesNoted(told.WorkerId, told.Version)));
            return AutoPilot.KeepRunning;
        }));
        return probe;
    }
}
