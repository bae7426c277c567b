using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Manager.Actors.Common;
using Manager.Actors.Metrics;

namespace Manager.Actors.Tokens;

/// <summary>
/// Owns the credentials (one per farm; a cluster singleton): decides with <see cref="TokenRules"/>, persists, then
/// publishes the active tokens to this node's <see cref="KnownTokens"/> and, in a cluster, through
/// <paramref name="published"/> to every node's replica, so a request is authenticated by a lookup in memory.
/// </summary>
public sealed class TokenStore : ReceivePersistentActor
{
    public const string Id = "tokens";
    private readonly KnownTokens _known;
    private readonly Action<TokensChanged>? _published;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private TokenTable _table = TokenTable.Empty;

    public TokenStore(KnownTokens known, Action<TokensChanged>? published = null)
    {
        _known = known;
        _published = published;
        Recover<ITokenEvent>(e => _table = _table.Apply(e));
        Recover<RecoveryCompleted>(_ => _known.Replace(_table, LastSequenceNr));

        Command<IssueToken>(c => Execute(c, TokenRules.Issue(_table, c, DateTimeOffset.UtcNow)));
        Command<RevokeToken>(c => Execute(c, TokenRules.Revoke(_table, c, DateTimeOffset.UtcNow)));
        Command<RevokeWorkerTokens>(c => Execute(c, TokenRules.RevokeWorker(_table, c, DateTimeOffset.UtcNow)));
        Command<BootstrapTokens>(c => Execute(c, TokenRules.Bootstrap(_table, c, DateTimeOffset.UtcNow)));
        Command<ListTokens>(q => Sender.Answer(q, Outcome.Done<IReadOnlyList<TokenRecord>>(_table.ById.Values.ToList())));
        Command<GetPublishedTokens>(q => Sender.Tell(q.KnownVersion == LastSequenceNr
            ? new TokensUnchanged(LastSequenceNr)
            : new TokensPublished(_table.ById.Values.ToList(), LastSequenceNr)));
    }

    public override string PersistenceId => Id;

    public static Props Props(KnownTokens known, Action<TokensChanged>? published = null) =>
        Akka.Actor.Props.Create(() => new TokenStore(known, published));

    private void Execute<TValue>(IAsk<TValue> command, TokenDecision<TValue> decision)
    {
        var sender = Sender;
        if (decision.Events.Count == 0)
        {
            sender.Answer(command, decision.Outcome);
            return;
        }
        var remaining = decision.Events.Count;
        var fromVersion = LastSequenceNr;
        PersistAll(decision.Events, JournalWrites.Timed<ITokenEvent>(JournalWrites.Tokens, e =>
        {
            _table = _table.Apply(e);
            if (e is TokenRevoked r) _log.Info("token {0} revoked by {1}", r.TokenId, r.By);
            if (--remaining > 0) return;
            // Published before the answer: on this node the change is in force once the client hears of it.
            _known.Replace(_table, LastSequenceNr);
            _published?.Invoke(new TokensChanged(
                decision.Events.OfType<TokenIssued>().Select(i => i.Token).ToList(),
                decision.Events.OfType<TokenRevoked>().Select(r => r.TokenId).ToList(),
                fromVersion, LastSequenceNr));
            sender.Answer(command, decision.Outcome);
        }));
    }
}
