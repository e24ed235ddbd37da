package dev.floe.masking.keyed;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import dev.floe.masking.crypto.FormatPreservingCipher;
import dev.floe.masking.crypto.KeyRing;
import dev.floe.masking.crypto.KeyedHasher;
import dev.floe.masking.crypto.Tokenizer;

import static io.airlift.configuration.ConfigBinder.configBinder;

public final class KeyedFunctionsModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        configBinder(binder).bindConfig(KeyedFunctionsConfig.class);
        binder.bind(KeyedFunctionImplementations.class).in(Scopes.SINGLETON);
        binder.bind(KeyedFunctionProvider.class).in(Scopes.SINGLETON);
        binder.bind(KeyedFunctionsMetadata.class).in(Scopes.SINGLETON);
        binder.bind(KeyedFunctionsConnector.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    public static KeyRing keyRing(KeyedFunctionsConfig config)
    {
        return KeyRing.parse(config.getKeys(), config.getCurrentKeyId());
    }

    @Provides
    @Singleton
    public static KeyedHasher keyedHasher(KeyRing keyRing)
    {
        return new KeyedHasher(keyRing);
    }

    @Provides
    @Singleton
    public static Tokenizer tokenizer(KeyRing keyRing)
    {
        return new Tokenizer(keyRing);
    }

    @Provides
    @Singleton
    public static FormatPreservingCipher formatPreservingCipher(KeyRing keyRing)
    {
        return new FormatPreservingCipher(keyRing);
    }
}
