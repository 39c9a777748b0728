using CardBridge.Iso7816;
using CardBridge.Pcsc;

namespace CardBridge.Terminal;

/// <summary>
/// The one place PC/SC failures become the card layer's typed errors (DESIGN §2, errors stop at their layer): every
/// call this layer makes into the PC/SC binding runs through <see cref="Call{T}"/> or <see cref="CallAsync{T}"/>, so
/// no <see cref="PcscException"/> reaches a layer above. The PC/SC code name travels on as
/// <see cref="ReaderException.Code"/>.
/// </summary>
internal static class PcscErrors
{
    public static ReaderException Translate(PcscException error) => error switch
    {
        PcscServiceUnavailableException => new ReaderServiceLostException(error.CodeName, error.Message, error),
        PcscCardResetException or PcscCardAbsentException => new CardResetException(error.CodeName, error.Message, error),
        _ => new ReaderException(error.CodeName, error.Message, error),
    };

    public static T Call<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (PcscException e)
        {
            throw Translate(e);
        }
    }

    public static void Call(Action call) => Call(() =>
    {
        call();
        return true;
    });

    public static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (PcscException e)
        {
            throw Translate(e);
        }
    }
}
