using System.Text.Json;
using Akka.Actor;
using Akka.Persistence;
using Manager.Actors.Common;
using Manager.Actors.Metrics;

namespace Manager.Actors.Settings;

/// <summary>
/// Owns the farm settings: validates and persists changes, then publishes them to this node's <see cref="CurrentSettings"/>
/// and, in a cluster, through <paramref name="published"/> to every other node's <see cref="SettingsReplica"/>.
/// </summary>
public sealed class SettingsActor : ReceivePersistentActor
{
    public const string Id = "settings";
    private readonly CurrentSettings _current;
    private readonly Action<SettingsPublished>? _published;
    private ManagerSettings _state = ManagerSettings.Defaults;

    public SettingsActor(CurrentSettings current, Action<SettingsPublished>? published = null)
    {
        _current = current;
        _published = published;
        Recover<SettingsChanged>(e => _state = Apply(_state, e));
        Recover<RecoveryCompleted>(_ => Publish());

        Command<GetSettings>(q => Sender.Answer(q, Outcome.Done(_state)));
        Command<GetPublishedSettings>(_ => Sender.Tell(Published()));
        Command<ChangeSettings>(c =>
        {
            var errors = new Dictionary<string, string[]>();
            foreach (var (name, json) in c.Values)
            {
                using var doc = JsonDocument.Parse(json);
                if (SettingsRules.Validate(name, doc.RootElement) is { } error) errors[name] = [error];
            }
            if (errors.Count > 0)
            {
                Sender.Answer(c, new Refusal.Invalid("invalid setting value", errors));
                return;
            }
            var sender = Sender;
            Persist(new SettingsChanged(c.Values, DateTimeOffset.UtcNow, c.By), JournalWrites.Timed<SettingsChanged>(JournalWrites.Settings, e =>
            {
                _state = Apply(_state, e);
                Publish();
                sender.Answer(c, Outcome.Done(_state));
            }));
        });
    }

    public override string PersistenceId => Id;

    public static Props Props(CurrentSettings current, Action<SettingsPublished>? published = null) =>
        Akka.Actor.Props.Create(() => new SettingsActor(current, published));

    private SettingsPublished Published() => new(_state, LastSequenceNr);

    private void Publish()
    {
        _current.Replace(_state, Context.System.EventStream);
        _published?.Invoke(Published());
    }

    private static ManagerSettings Apply(ManagerSettings settings, SettingsChanged e)
    {
        foreach (var (name, json) in e.Values)
        {
            using var doc = JsonDocument.Parse(json);
            settings = SettingsRules.With(settings, name, doc.RootElement);
        }
        return settings;
    }
}
