package io.telemetryagent.instrument;

import io.telemetryagent.bootstrap.Bridge;
import io.telemetryagent.bootstrap.Hook;
import java.util.List;

/**
 * Installs each library's hooks in the bridge, made the first time one of its classes is woven
 * (before that class can run): a host without OkHttp or servlets never loads their hooks'
 * classes. The hooks of a library that asks for it ({@link Library#hooksAtStart}) are made at once.
 */
public final class HookTable {

    private final Libraries libraries;
    private final HookSettings settings;
    private final boolean[] installed;

    /** Installs the hooks wanted at start; the bridge must be in the boot loader. */
    public HookTable(Libraries libraries, HookSettings settings) {
        this.libraries = libraries;
        this.settings = settings;
        this.installed = new boolean[libraries.all().size()];
        List<Library> all = libraries.all();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).hooksAtStart()) {
                install(i);
            }
        }
    }

    /** Makes sure the hooks of {@code library} are installed. */
    synchronized void ensure(Library library) {
        int index = libraries.all().indexOf(library);
        if (index >= 0 && !installed[index]) {
            install(index);
        }
    }

    private synchronized void install(int index) {
        Library library = libraries.all().get(index);
        Hooks hooks = new Hooks(library, libraries.hookCount());
        library.makeHooks(hooks, settings);
        Hook[] made = hooks.byId();
        Bridge.add(made);
        installed[index] = true;
    }
}
