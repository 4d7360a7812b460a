package io.runstore.command.workflow;

import io.runstore.command.idempotency.CommandOrigin;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.command.run.Commands;
import io.runstore.command.run.ReportWorkflow;
import io.runstore.command.run.RunWritten;
import io.runstore.command.run.Written;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** An unchanged resync costs one digest lookup: it never reaches the run. A report that failed is not remembered. */
class WorkflowReportsTest {

    static final String WORKFLOW = """
            {"metadata": {"name": "wf-1", "namespace": "ns", "labels": {"pipeline/runid": "run-1"}},
             "status": {"phase": "Running", "nodes": {"wf-1": {"id": "wf-1", "type": "DAG", "phase": "Running"}}}}""";

    final Commands commands = mock(Commands.class);
    final WorkflowReports reports = new WorkflowReports(commands, 100);

    @Test
    void anIdenticalResyncIsAnsweredWithoutSendingACommand() {
        when(commands.<Written>send(any(ReportWorkflow.class), any())).thenReturn(new RunWritten("run-1", 3));

        assertThat(reports.reportWorkflow(WORKFLOW, CommandOrigin.fresh())).isPresent();
        assertThat(reports.reportWorkflow(WORKFLOW, CommandOrigin.fresh())).isEmpty();

        verify(commands, times(1)).send(any(ReportWorkflow.class), any());
    }

    @Test
    void aReportThatFailedIsSentAgainNextTime() {
        when(commands.<Written>send(any(ReportWorkflow.class), any()))
                .thenThrow(CommandRejectedException.notFound("run run-1 not found"))
                .thenReturn(new RunWritten("run-1", 3));

        assertThatThrownBy(() -> reports.reportWorkflow(WORKFLOW, CommandOrigin.fresh()))
                .isInstanceOf(CommandRejectedException.class);
        assertThat(reports.reportWorkflow(WORKFLOW, CommandOrigin.fresh())).isPresent();

        verify(commands, times(2)).send(any(ReportWorkflow.class), any());
    }
}
