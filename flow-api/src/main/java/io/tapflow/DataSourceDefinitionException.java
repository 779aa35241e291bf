package io.tapflow;

/** A data source definition was refused; the message names the data source, the key and the fix. */
public final class DataSourceDefinitionException extends IllegalArgumentException {

    private final String dataSource;

    /**
     * @param dataSource the data source's name, or {@code null} when the name itself is wrong
     * @param problem what is wrong and how to fix it
     */
    public DataSourceDefinitionException(String dataSource, String problem) {
        super((dataSource == null ? "" : "Data source '" + dataSource + "': ") + problem);
        this.dataSource = dataSource;
    }

    /** The data source's name, or {@code null} when the name itself was refused. */
    public String dataSource() {
        return dataSource;
    }
}
