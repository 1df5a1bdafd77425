package dk.certflow.camel;

import dk.certflow.intake.DropFolder;
import java.io.File;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/** Lets the file consumer see only files that are ready to become bundles (see {@link DropFolder#isReady}). */
final class DropFilter implements GenericFileFilter<File> {

    private final DropFolder dropFolder;

    DropFilter(DropFolder dropFolder) {
        this.dropFolder = dropFolder;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        return !file.isDirectory() && dropFolder.isReady(file.getFile().toPath());
    }
}
