package io.untwisted.demo.calc;

/** A calc line that cannot be evaluated; its message is sent back to the client. */
public final class CalcException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the failure with a message fit for the client. */
    public CalcException(String message) {
        super(message, null, false, false);
    }
}
