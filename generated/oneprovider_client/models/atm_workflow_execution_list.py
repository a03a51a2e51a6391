from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AtmWorkflowExecutionList")


@_attrs_define
class AtmWorkflowExecutionList:
    """One page of workflow execution ids.

    Example:
        {'atmWorkflowExecutions': ['2727a9fe5f5df6b43a8033386d2990e8ch5df6', '4bd9b58f6387622bf07f7388945e4fc4ch8762',
            '579a785181331e618b26980166b6ba2fch331e'], 'nextPageToken':
            'ODIzMzI1MDk2NjU3OWE3ODUxODEzMzFlNjE4YjI2OTgwMTY2YjZiYTJmY2gzMzFl', 'isLast': False}

    """

    atm_workflow_executions: list[str]
    """ Workflow execution ids, newest first. """
    next_page_token: None | str
    """ Pass as `token` to get the next page; `null` on the last page.
     """
    is_last: bool
    """ Whether this is the last page: true only when the page holds
    fewer ids than `limit`.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        atm_workflow_executions = self.atm_workflow_executions

        next_page_token: None | str
        next_page_token = self.next_page_token

        is_last = self.is_last

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "atmWorkflowExecutions": atm_workflow_executions,
                "nextPageToken": next_page_token,
                "isLast": is_last,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        atm_workflow_executions = cast(list[str], d.pop("atmWorkflowExecutions"))

        def _parse_next_page_token(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_page_token = _parse_next_page_token(d.pop("nextPageToken"))

        is_last = d.pop("isLast")

        atm_workflow_execution_list = cls(
            atm_workflow_executions=atm_workflow_executions,
            next_page_token=next_page_token,
            is_last=is_last,
        )

        atm_workflow_execution_list.additional_properties = d
        return atm_workflow_execution_list

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
