package dev.vigil.cli.client;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil completion}: a completion script for bash and zsh. */
@Command(name = "completion", mixinStandardHelpOptions = true, description = {"Print a shell completion script for bash or zsh (the same script serves both).",
        "bash: source <(vigil completion)    zsh: source <(vigil completion zsh)"})
public final class CompletionCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SHELL", arity = "0..1", description = "bash (default) or zsh")
    String shell = "bash";
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) throw ClientException.usage("completion scripts are for bash or zsh, not " + shell);
        var out = spec.commandLine().getOut();
        out.print(AutoComplete.bash("vigil", spec.root().commandLine()));
        out.flush();
        return ExitCodes.OK;
    }
}
