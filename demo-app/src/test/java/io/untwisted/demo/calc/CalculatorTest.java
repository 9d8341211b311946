package io.untwisted.demo.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CalculatorTest {

    private final Calculator calculator = new Calculator();

    @Test
    void foldsLeftToRight() throws Exception {
        assertThat(this.calculator.evaluate("add 1 2 3")).isEqualTo(6.0);
        assertThat(this.calculator.evaluate("sub 10 2 3")).isEqualTo(5.0);
        assertThat(this.calculator.evaluate("mul 2 3 4")).isEqualTo(24.0);
        assertThat(this.calculator.evaluate("div 1 2")).isEqualTo(0.5);
        assertThat(this.calculator.evaluate("  ADD  1.5   -0.5e1 ")).isEqualTo(-3.5);
        assertThat(this.calculator.evaluate("add 7")).isEqualTo(7.0);
    }

    @Test
    void rejectsWhatItCannotEvaluate() {
        assertThatThrownBy(() -> this.calculator.evaluate("div 1 0")).hasMessage("division by zero");
        assertThatThrownBy(() -> this.calculator.evaluate("pow 2 3")).hasMessageStartingWith("unknown operation 'pow'");
        assertThatThrownBy(() -> this.calculator.evaluate("add 1 x")).hasMessage("not a number: 'x'");
        assertThatThrownBy(() -> this.calculator.evaluate("add NaN")).hasMessage("not a number: 'NaN'");
        assertThatThrownBy(() -> this.calculator.evaluate("add 1d")).hasMessage("not a number: '1d'");
        assertThatThrownBy(() -> this.calculator.evaluate("add")).hasMessage("add needs at least one number");
        assertThatThrownBy(() -> this.calculator.evaluate("   ")).isInstanceOf(CalcException.class);
    }
}
