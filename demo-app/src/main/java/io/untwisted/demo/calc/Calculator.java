package io.untwisted.demo.calc;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The calc server's arithmetic: a line {@code <op> <number> <number>...} with {@code op} one of
 * {@code add}, {@code sub}, {@code mul}, {@code div}, folded left to right
 * ({@code sub 10 2 3} is {@code 10 - 2 - 3}). Numbers are decimal, optionally with an exponent.
 * Stateless and thread-safe.
 */
public final class Calculator {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern BLANKS = Pattern.compile("\\s+");

    /**
     * Evaluates one line.
     *
     * @return the result, as Java prints a {@code double} ({@code 6.0})
     * @throws CalcException for an unknown operation, a malformed number, a missing operand or a division by zero
     */
    public double evaluate(String line) throws CalcException {
        String[] words = BLANKS.split(line.strip());
        if (words.length == 0 || words[0].isEmpty()) {
            throw new CalcException("empty line; try: add 1 2 3");
        }
        String op = words[0].toLowerCase(Locale.ROOT);
        if (!op.equals("add") && !op.equals("sub") && !op.equals("mul") && !op.equals("div")) {
            throw new CalcException("unknown operation '" + words[0] + "'; use add, sub, mul or div");
        }
        if (words.length < 2) {
            throw new CalcException(op + " needs at least one number");
        }
        double result = number(words[1]);
        for (int i = 2; i < words.length; i++) {
            double operand = number(words[i]);
            switch (op) {
                case "add" -> result += operand;
                case "sub" -> result -= operand;
                case "mul" -> result *= operand;
                default -> {
                    if (operand == 0) {
                        throw new CalcException("division by zero");
                    }
                    result /= operand;
                }
            }
        }
        return result;
    }

    private static double number(String word) throws CalcException {
        if (!NUMBER.matcher(word).matches()) {
            throw new CalcException("not a number: '" + word + "'");
        }
        return Double.parseDouble(word);
    }
}
