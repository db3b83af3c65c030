using Collector.ThreeCx;

namespace Collector.Live.Derivation;

/// <summary>A queue member: the agent's extension number and the queue's name for them.</summary>
readonly record struct Member(string Number, string? Name);

/// <summary>A queue with a number.</summary>
readonly record struct QueueEntry(string Number, string Name);

/// <summary>
/// The queues (those with a number, first of each number) and their members (each extension once, in order of first
/// appearance), with lookups by number that take a span, so a caller or callee is matched without allocating.
/// </summary>
sealed class QueueIndex
{
    readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _queueByNumber;
    readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _memberByNumber;

    public QueueIndex(IReadOnlyList<XapiQueue> queues)
    {
        var queueByNumber = new Dictionary<string, int>(queues.Count, StringComparer.Ordinal);
        var memberByNumber = new Dictionary<string, int>(StringComparer.Ordinal);
        var entries = new List<QueueEntry>(queues.Count);
        var members = new List<Member>();
        var membersOf = new List<List<int>>(queues.Count);
        foreach (var queue in queues)
        {
            if (string.IsNullOrWhiteSpace(queue.Number) || !queueByNumber.TryAdd(queue.Number, entries.Count)) continue;
            entries.Add(new QueueEntry(queue.Number, string.IsNullOrWhiteSpace(queue.Name) ? queue.Number : queue.Name));
            var agents = queue.Agents ?? [];   // a PBX may send "Agents": null
            var mine = new List<int>(agents.Count);
            foreach (var agent in agents)
            {
                if (string.IsNullOrWhiteSpace(agent.Number)) continue;
                if (!memberByNumber.TryGetValue(agent.Number, out var m))
                {
                    m = members.Count;
                    memberByNumber.Add(agent.Number, m);
                    members.Add(new Member(agent.Number, agent.Name));
                }
                if (!mine.Contains(m)) mine.Add(m);
            }
            membersOf.Add(mine);
        }

        Queues = entries;
        Members = members;
        MembersOf = membersOf;
        _queueByNumber = queueByNumber.GetAlternateLookup<ReadOnlySpan<char>>();
        _memberByNumber = memberByNumber.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlyList<QueueEntry> Queues { get; }

    public IReadOnlyList<Member> Members { get; }

    /// <summary>For each queue, the indexes of its members in <see cref="Members"/>.</summary>
    public IReadOnlyList<List<int>> MembersOf { get; }

    public int? FindQueue(ReadOnlySpan<char> number) =>
        !number.IsEmpty && _queueByNumber.TryGetValue(number, out var index) ? index : null;

    public int? FindMember(ReadOnlySpan<char> number) =>
        !number.IsEmpty && _memberByNumber.TryGetValue(number, out var index) ? index : null;
}
