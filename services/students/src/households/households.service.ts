import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  Caller,
  HOUSEHOLD_STATUS_CHANGE_WORKFLOW,
  HouseholdStatusChange,
  HouseholdStatusChangeResult,
  householdStatusChangeWorkflowId,
} from '@eduaid/contracts';
import { DomainError, assertInScope, WorkflowStarter } from '@eduaid/platform';
import { AddMemberDto, ChangeHouseholdStatusDto, HouseholdDto } from './dto/household.dto';
import { HouseholdRow, HouseholdsRepository } from './households.repository';

/** Registered-poor households: their status and its history, and their members. */
@Injectable()
export class HouseholdsService {
  constructor(
    private readonly households: HouseholdsRepository,
    private readonly workflows: WorkflowStarter,
  ) {}

  async get(caller: Caller, householdId: string): Promise<HouseholdDto> {
    const row = await this.inScope(caller, householdId);
    const [students, members, history] = await Promise.all([
      this.households.students(householdId),
      this.households.members(householdId),
      this.households.history(householdId),
    ]);
    return {
      id: row.id,
      householdNo: row.household_no,
      villageCode: row.village_code,
      status: row.status,
      statusSince: row.status_since,
      students: students.map((s) => ({ id: s.id, name: s.name, nationalIdMasked: s.national_id_masked })),
      members: members.map((m) => ({ id: m.id, name: m.name, relation: m.relation })),
      statusHistory: history.map((h) => ({
        status: h.status,
        effectiveDate: h.effective_date,
        reason: h.reason,
        recordedBy: h.recorded_by,
        recordedAt: h.recorded_at.toISOString(),
      })),
    };
  }

  async changeStatus(caller: Caller, householdId: string, change: ChangeHouseholdStatusDto): Promise<HouseholdDto> {
    const row = await this.inScope(caller, householdId);
    if (change.effectiveDate > new Date().toISOString().slice(0, 10)) {
      throw new DomainError('household.future-date', 'invalid', 'A status change cannot take effect in the future.', [
        { field: 'effectiveDate', message: 'effectiveDate must not be after today' },
      ]);
    }
    // The change and what follows from it (open aid applications told) run as one durable workflow.
    const input: HouseholdStatusChange = { changeId: randomUUID(), householdId, status: change.status, effectiveDate: change.effectiveDate, reason: change.reason, by: caller.userId };
    const result: HouseholdStatusChangeResult = await this.workflows.execute(HOUSEHOLD_STATUS_CHANGE_WORKFLOW, {
      workflowId: householdStatusChangeWorkflowId(householdId, input.changeId),
      args: [input],
    });
    if (!result.changed) {
      throw new DomainError('household.status-unchanged', 'conflict', `The household is already ${row.status}.`);
    }
    return this.get(caller, householdId);
  }

  async addMember(caller: Caller, householdId: string, member: AddMemberDto): Promise<HouseholdDto> {
    await this.inScope(caller, householdId);
    await this.households.addMember(householdId, member.name, member.relation);
    return this.get(caller, householdId);
  }

  private async inScope(caller: Caller, householdId: string): Promise<HouseholdRow> {
    const row = await this.households.find(householdId);
    if (!row) throw new DomainError('household.not-found', 'not-found', `No household ${householdId}.`);
    assertInScope(caller, { divisionCode: row.village_code }, 'This household');
    return row;
  }
}
