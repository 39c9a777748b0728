namespace CardBridge.Service.Credentials;

/// <summary>
/// The accepted codes, by credential id, until their <see cref="CodeCredentialRecord.ValidUntil"/>. In memory only: a
/// credential is a short-lived capability (a restart ends it, as a restart ends card sessions) and bounded in number,
/// the oldest going first.
/// </summary>
internal sealed class CodeCredentialStore(TimeProvider time, int capacity)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, CodeCredentialRecord> _byId = [];
    private readonly Queue<CodeCredentialRecord> _inOrder = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byId.Count;
            }
        }
    }

    public void Add(CodeCredentialRecord credential)
    {
        lock (_lock)
        {
            Prune();
            while (_byId.Count >= capacity && _inOrder.TryDequeue(out var oldest))
            {
                _byId.Remove(oldest.Id);
            }
            _byId[credential.Id] = credential;
            _inOrder.Enqueue(credential);
        }
    }

    /// <summary>The live credential with <paramref name="id"/>; false when unknown or lapsed.</summary>
    public bool TryGet(Guid id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CodeCredentialRecord? credential)
    {
        lock (_lock)
        {
            Prune();
            // Verifications end out of scan order, so a lapsed credential can sit behind a live head.
            if (_byId.TryGetValue(id, out credential) && credential.ValidUntil > time.GetUtcNow())
            {
                return true;
            }
            credential = null;
            return false;
        }
    }

    // Credentials are added in about scan order with one lifetime, so the lapsed ones gather at the head of the queue.
    private void Prune()
    {
        var now = time.GetUtcNow();
        while (_inOrder.TryPeek(out var oldest) && (oldest.ValidUntil <= now || !_byId.ContainsKey(oldest.Id)))
        {
            _inOrder.Dequeue();
            _byId.Remove(oldest.Id);
        }
    }
}
