using CardBridge.Api.V1;
using CardBridge.Cards.Pin;
using CardBridge.Service.Configuration;

namespace CardBridge.Service.Api;

/// <summary>What ListReaders tells about a reader beyond its card: PIN pad and part 10 features, contact or contactless.</summary>
internal static class ReaderFacts
{
    // PC/SC part 10 rev 2.02.09 §2.3, FEATURE_* tags.
    private static readonly Dictionary<byte, string> FeatureNames = new()
    {
        [0x01] = "VERIFY_PIN_START", [0x02] = "VERIFY_PIN_FINISH", [0x03] = "MODIFY_PIN_START", [0x04] = "MODIFY_PIN_FINISH",
        [0x05] = "GET_KEY_PRESSED", [0x06] = "VERIFY_PIN_DIRECT", [0x07] = "MODIFY_PIN_DIRECT", [0x08] = "MCT_READER_DIRECT",
        [0x09] = "MCT_UNIVERSAL", [0x0A] = "IFD_PIN_PROPERTIES", [0x0B] = "ABORT", [0x0C] = "SET_SPE_MESSAGE",
        [0x0D] = "VERIFY_PIN_DIRECT_APP_ID", [0x0E] = "MODIFY_PIN_DIRECT_APP_ID", [0x0F] = "WRITE_DISPLAY", [0x10] = "GET_KEY",
        [0x11] = "IFD_DISPLAY_PROPERTIES", [0x12] = "GET_TLV_PROPERTIES", [0x13] = "CCID_ESC_COMMAND", [0x20] = "EXECUTE_PACE",
    };

    public static void Describe(Reader reader, ReaderFeatures? features, ReaderOptions options)
    {
        if (features is not null)
        {
            reader.PinPad = features.VerifyPinDirect is not null;
            reader.Features.AddRange(features.Tags.Select(tag => FeatureNames.GetValueOrDefault(tag) ?? $"FEATURE_0x{tag:X2}"));
        }
        reader.CardInterface = options.Interfaces.TryGetValue(reader.Name, out var kind)
            ? kind == ReaderInterfaceKind.Contactless ? ReaderInterface.Contactless : ReaderInterface.Contact
            : ReaderInterface.Unspecified;
    }
}
