namespace CardBridge.Terminal.Tests;

public sealed class BroadcastTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Every_subscriber_gets_every_item_in_the_same_order_with_each_publishers_order_kept()
    {
        var broadcast = new Broadcast<(int Publisher, int Index)>();
        using var first = broadcast.Subscribe();
        using var second = broadcast.Subscribe();

        var publishers = Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                broadcast.Publish((p, i));
            }
        }));
        await Task.WhenAll(publishers).WaitAsync(Timeout);
        broadcast.Complete();

        var seenByFirst = await ReadAllAsync(first);
        var seenBySecond = await ReadAllAsync(second);
        Assert.Equal(8000, seenByFirst.Count);
        Assert.Equal(seenByFirst, seenBySecond);
        foreach (var publisher in seenByFirst.GroupBy(item => item.Publisher))
        {
            Assert.Equal(Enumerable.Range(0, 2000), publisher.Select(item => item.Index));
        }
    }

    [Fact]
    public async Task Seed_taken_under_the_owners_lock_is_followed_by_exactly_the_items_published_after_it()
    {
        const int Last = 5000;
        var broadcast = new Broadcast<int>();
        var gate = new Lock();
        var state = 0;
        var publisher = Task.Run(() =>
        {
            for (var i = 1; i <= Last; i++)
            {
                lock (gate)
                {
                    state = i;
                    broadcast.Publish(i);
                }
            }
        });
        var subscriptions = new List<Subscription<int>>();
        while (!publisher.IsCompleted)
        {
            lock (gate)
            {
                subscriptions.Add(broadcast.Subscribe(writer => writer.TryWrite(state)));
            }
            await Task.Yield();
        }
        await publisher.WaitAsync(Timeout);
        broadcast.Complete();

        foreach (var subscription in subscriptions)
        {
            var seen = await ReadAllAsync(subscription);
            Assert.Equal(Enumerable.Range(seen[0], Last - seen[0] + 1), seen);
            subscription.Dispose();
        }
    }

    [Fact]
    public async Task Seed_items_come_first_and_whole_even_while_another_thread_publishes()
    {
        const int Last = 20000;
        var broadcast = new Broadcast<int>();
        var publisher = Task.Run(() =>
        {
            for (var i = 1; i <= Last; i++)
            {
                broadcast.Publish(i);
            }
        });
        var subscriptions = new List<Subscription<int>>();
        while (!publisher.IsCompleted)
        {
            subscriptions.Add(broadcast.Subscribe(writer =>
            {
                writer.TryWrite(-1);
                Thread.Yield();
                writer.TryWrite(-2);
            }));
            await Task.Yield();
        }
        await publisher.WaitAsync(Timeout);
        broadcast.Complete();

        foreach (var subscription in subscriptions)
        {
            var seen = await ReadAllAsync(subscription);
            Assert.Equal([-1, -2], seen.Take(2));
            var published = seen.Skip(2).ToList();
            if (published.Count > 0)
            {
                Assert.Equal(Enumerable.Range(published[0], Last - published[0] + 1), published);
            }
            subscription.Dispose();
        }
    }

    [Fact]
    public async Task Complete_ends_each_stream_after_what_was_published_before_it()
    {
        var broadcast = new Broadcast<string>();
        using var subscription = broadcast.Subscribe();
        broadcast.Publish("a");
        broadcast.Publish("b");

        broadcast.Complete();
        broadcast.Publish("c");

        Assert.Equal(["a", "b"], await ReadAllAsync(subscription));
        Assert.Equal(0, broadcast.SubscriberCount);
    }

    [Fact]
    public async Task Subscriber_after_complete_gets_a_complete_stream_and_its_seed_never_runs()
    {
        var broadcast = new Broadcast<string>();
        broadcast.Complete();
        var seeded = false;

        using var subscription = broadcast.Subscribe(writer => seeded = writer.TryWrite("snapshot"));

        await subscription.Reader.Completion.WaitAsync(Timeout);
        Assert.False(seeded);
        Assert.False(subscription.Reader.TryRead(out _));
        Assert.Equal(0, broadcast.SubscriberCount);
    }

    [Fact]
    public async Task Disposed_subscription_is_no_longer_counted_and_gets_nothing_more()
    {
        var broadcast = new Broadcast<string>();
        using var staying = broadcast.Subscribe();
        var leaving = broadcast.Subscribe();
        broadcast.Publish("before");
        Assert.Equal(2, broadcast.SubscriberCount);

        leaving.Dispose();
        broadcast.Publish("after");

        Assert.Equal(1, broadcast.SubscriberCount);
        Assert.Equal(["before"], await ReadAllAsync(leaving));
        Assert.True(staying.Reader.TryRead(out var first));
        Assert.True(staying.Reader.TryRead(out var second));
        Assert.Equal(("before", "after"), (first, second));
    }

    [Fact]
    public async Task Bounded_subscriber_that_falls_behind_loses_its_oldest_items_and_never_holds_up_the_others()
    {
        var broadcast = new Broadcast<int>(capacity: 3);
        using var slow = broadcast.Subscribe();
        using var keepingUp = broadcast.Subscribe();
        var keptUp = new List<int>();

        for (var i = 1; i <= 5; i++)
        {
            broadcast.Publish(i);
            Assert.True(keepingUp.Reader.TryRead(out var item));
            keptUp.Add(item);
        }
        broadcast.Complete();

        Assert.Equal([1, 2, 3, 4, 5], keptUp);
        Assert.Equal([3, 4, 5], await ReadAllAsync(slow));
    }

    [Fact]
    public void Capacity_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Broadcast<int>(capacity: 0));
    }

    private static async Task<List<T>> ReadAllAsync<T>(Subscription<T> subscription)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var items = new List<T>();
        await foreach (var item in subscription.Reader.ReadAllAsync(timeout.Token))
        {
            items.Add(item);
        }
        return items;
    }
}
