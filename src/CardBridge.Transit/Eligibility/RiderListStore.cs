namespace CardBridge.Transit.Eligibility;

/// <summary>
/// The rider lists in use, loaded from the list document at a path. <see cref="Current"/> is one immutable
/// <see cref="RiderLists"/>; a sync (<see cref="SyncAsync"/>) validates the new document completely, writes it next to
/// the file, renames it over the file (atomic on one file system) and only then swaps the lists in use, so a tap sees
/// either the old set or the new one, never a mix, and a bad document changes nothing.
/// </summary>
public sealed class RiderListStore : IDisposable
{
    private readonly string _path;
    private readonly SemaphoreSlim _syncGate = new(1, 1);
    private RiderLists _current;

    private RiderListStore(string path, RiderLists current)
    {
        _path = path;
        _current = current;
    }

    /// <summary>The lists in use.</summary>
    public RiderLists Current => Volatile.Read(ref _current);

    /// <summary>Loads the document at <paramref name="path"/>; a missing file is an empty set (no hot list, no categories).</summary>
    /// <exception cref="RiderListException">The file cannot be read or is not a valid document.</exception>
    public static async Task<RiderListStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        return new RiderListStore(full, File.Exists(full) ? await ReadAsync(full, cancellationToken) : RiderLists.Empty);
    }

    /// <summary>Replaces the lists with the document <paramref name="json"/>: validated, stored durably, then used.</summary>
    /// <exception cref="RiderListException">The document is not valid or cannot be stored; the lists in use are kept.</exception>
    public async Task<RiderLists> SyncAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        var lists = RiderLists.Parse(json.Span);
        await _syncGate.WaitAsync(cancellationToken);
        try
        {
            await StoreAsync(json, cancellationToken);
            Volatile.Write(ref _current, lists);
            return lists;
        }
        finally
        {
            _syncGate.Release();
        }
    }

    /// <summary>
    /// Replaces the lists with <paramref name="update"/> of the lists in use (one at a time: concurrent updates see
    /// each other's result), stored durably, then used — all lists in one swap.
    /// </summary>
    /// <returns>The lists before and after.</returns>
    /// <exception cref="RiderListException"><paramref name="update"/> refused, or the lists cannot be stored; the lists in use are kept.</exception>
    public async Task<(RiderLists Before, RiderLists After)> UpdateAsync(Func<RiderLists, RiderLists> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        await _syncGate.WaitAsync(cancellationToken);
        try
        {
            var before = Current;
            var after = update(before);
            await StoreAsync(after.ToJson(), cancellationToken);
            Volatile.Write(ref _current, after);
            return (before, after);
        }
        finally
        {
            _syncGate.Release();
        }
    }

    private async Task StoreAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        var temporary = _path + ".sync";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                await file.WriteAsync(json, cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, _path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RiderListException($"The rider lists cannot be stored at {_path}: {e.Message}", e);
        }
    }

    /// <summary>Releases the sync lock.</summary>
    public void Dispose() => _syncGate.Dispose();

    private static async Task<RiderLists> ReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RiderListException($"The rider lists cannot be read from {path}: {e.Message}", e);
        }
        return RiderLists.Parse(bytes);
    }
}
