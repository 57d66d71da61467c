// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithChannels} from "../../../contracts/interfaces/IKithChannels.sol";
import {IKithOwnedIds} from "../../../contracts/interfaces/IKithOwnedIds.sol";
import {KithChannelsTestSuite} from "../KithChannels/KithChannelsTestSuite.sol";
import {KithModerationTestSuite} from "../KithModeration/KithModerationTestSuite.sol";
import {KithExtensionTestSuite} from "../KithExtensionTestSuite.sol";
import {KithOwnedIdsTestSuite} from "./KithOwnedIdsTestSuite.sol";

/// @notice The ownership tests on moderation lists.
contract KithModerationOwnedIdsTest is KithModerationTestSuite, KithOwnedIdsTestSuite {
    function setUp() public override(KithExtensionTestSuite, KithModerationTestSuite) {
        super.setUp();
    }

    function _owned() internal view override returns (IKithOwnedIds) {
        return moderation;
    }

    function _newId(address owner) internal override returns (uint256) {
        return _createList(owner);
    }
}

/// @notice The ownership tests on channels.
contract KithChannelsOwnedIdsTest is KithChannelsTestSuite, KithOwnedIdsTestSuite {
    function setUp() public override(KithExtensionTestSuite, KithChannelsTestSuite) {
        super.setUp();
    }

    function _owned() internal view override returns (IKithOwnedIds) {
        return channels;
    }

    function _newId(address owner) internal override returns (uint256) {
        string memory name = string.concat("owned", vm.toString(channels.channelCount()));
        vm.prank(carol);
        return channels.createChannel(name, owner, IKithChannels.Membership.Open, address(0), 0);
    }
}
